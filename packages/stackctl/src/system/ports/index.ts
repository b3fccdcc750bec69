// Public surface of port detection: who listens where, and whether a port is free to bind.
export { compareListeners, type PortInspector, type PortListener } from './port-inspector.js';
export { createPortInspector, defaultPortInspector } from './create-port-inspector.js';
export { LinuxPortInspector, type LinuxPortInspectorOptions } from './linux-port-inspector.js';
export {
  CommandPortInspector,
  createLsofPortInspector,
  createNetstatPortInspector,
  type CommandPortInspectorOptions,
} from './command-port-inspector.js';
export { isPortFree } from './is-port-free.js';
export { findSocketOwners, type FindSocketOwnersOptions } from './socket-inode-owners.js';
export { parseProcNetTcp, type ProcListenSocket } from './parse-proc-net-tcp.js';
export { readProcNetListeners } from './read-proc-net-listeners.js';
export { LSOF_ARGS, parseLsofOutput } from './parse-lsof-output.js';
export { NETSTAT_ARGS, parseNetstatOutput } from './parse-netstat-output.js';
export { formatIpv4, formatIpv6 } from './format-ip-address.js';
export { splitHostPort, wildcardAddress, type HostPort } from './split-host-port.js';
export { runCommand, type CommandRunner } from './run-command.js';
