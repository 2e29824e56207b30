import { InterceptingCall, Metadata, status, type InterceptingListener, type Interceptor } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

/**
 * The SDK's retry interceptor waits for its next attempt on a timer. When the connection is
 * closed during that wait (the process shutting down while Temporal is unreachable), creating
 * the next attempt's call throws "Channel has been shut down" from the timer: an uncaught
 * exception, and the caller's promise never settles. Below the retry interceptor, this turns
 * that throw into a CANCELLED answer, which the retry interceptor hands to the caller.
 */
export const closedChannelGuard: Interceptor = (options, nextCall) => {
  try {
    return nextCall(options) as InterceptingCall;
  } catch (error) {
    return new InterceptingCall(new ClosedChannelCall(error instanceof Error ? error.message : String(error)));
  }
};

/** What grpc-js calls below an interceptor (the type is not exported by name). */
type CallBelow = ConstructorParameters<typeof InterceptingCall>[0];

/** A call on a closed channel: it answers CANCELLED as soon as it starts, and sends nothing. */
class ClosedChannelCall implements CallBelow {
  constructor(private readonly details: string) {}

  start(_metadata: Metadata, listener?: Partial<InterceptingListener>): void {
    setImmediate(() => listener?.onReceiveStatus?.({ code: status.CANCELLED, details: this.details, metadata: new Metadata() }));
  }

  cancelWithStatus(): void {}
  getPeer(): string {
    return '';
  }
  sendMessageWithContext(): void {}
  sendMessage(): void {}
  startRead(): void {}
  halfClose(): void {}
  getAuthContext(): null {
    return null;
  }
}

/** A client connection with the SDK's retries and the guard above; close it whenever. */
export function connectTemporal(options: Omit<ConnectionOptions, 'interceptors'>): Promise<Connection> {
  return Connection.connect({ ...options, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), closedChannelGuard] });
}
