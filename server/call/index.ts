/** Audio/video calls: WebRTC signalling on the control plane, call state, TURN credentials. */
export { CallService, type CallServiceOptions, type RegisterCommand } from './service.js';
export { DEFAULT_CALL_CONFIG, IceServersEnv, type CallConfig } from './config.js';
export { turnCredential, iceConfigFor } from './turn.js';
