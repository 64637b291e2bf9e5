/** HTTP: the express app and its API routes. */
export { createHttpApp, type HttpAppOptions } from './app.js';
export { loggablePath } from './middleware.js';
