/** Document sync: the y-websocket endpoint, loaded documents and their connections. */
export { CollabServer, YJS_PATH_PREFIX, refuse } from './server.js';
export { DocRegistry, docKey } from './registry.js';
export { SharedDoc, SERVER_ORIGIN } from './document.js';
export { padWriter as collabPadWriter } from './starter.js';
