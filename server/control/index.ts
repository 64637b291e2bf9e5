/** The control plane: socket.io presence, timer and room commands. */
export { createControlServer, type ControlServer, type ControlOptions } from './server.js';
