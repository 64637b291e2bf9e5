/** Code runs: relayed between the runner's page and the room, and recorded (see shared/run.ts). */
export { RunService, runsOf, type RunServiceOptions } from './service.js';
