import { Global, Module } from '@nestjs/common';
import { HeraldConfig, loadConfig } from './config';

/** Injection token of the one validated HeraldConfig. */
export const HERALD_CONFIG = Symbol('HERALD_CONFIG');

@Global()
@Module({
  providers: [{ provide: HERALD_CONFIG, useFactory: (): HeraldConfig => loadConfig() }],
  exports: [HERALD_CONFIG],
})
export class ConfigModule {
  /** For tests and launchers that build the config themselves. */
  static withConfig(config: HeraldConfig) {
    return { module: ConfigModule, global: true, providers: [{ provide: HERALD_CONFIG, useValue: config }], exports: [HERALD_CONFIG] };
  }
}
