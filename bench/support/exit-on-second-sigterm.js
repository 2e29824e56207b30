// Preloaded into the API and worker only when the bench profiles them (--cpu-prof). Node writes
// the profile at a normal exit, but Nest re-raises SIGTERM after closing the app, which would kill
// the process before the profile is written: that second SIGTERM becomes a normal exit here.
'use strict';
let received = 0;
process.on('SIGTERM', () => {
  received += 1;
  if (received > 1) process.exit(0);
});
