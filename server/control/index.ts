/** The control plane: socket.io presence, timer and room commands. */
export { createControlServer, SOCKET_IO_PATH, type ControlServer, type ControlOptions } from './server.js';
