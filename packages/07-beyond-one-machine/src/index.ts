/**
 * Stage 07's public API: several hosts behind a real nginx.
 *
 *   renderNginxConfig / upstreamKeepAlive   the config, from code
 *   Nginx (start, reload, stop)             nginx as a plain child process
 *   startHost / hangHost / rollHost …       hosts: stage 05 or 06 on 127.0.1.x
 *   startFront                              N hosts + nginx
 *   startLoad / runLoad / tallyFront        requests through the front, counted level by level
 *   renderHaproxyConfig / Haproxy           the second engine: config from code, runtime API
 *   startHaproxyFront / holdThroughFront    N hosts + HAProxy; a long-lived connection
 */
export {
  type Front,
  type FrontOptions,
  startFront,
  startHosts,
  stopHosts,
  upstreamsOf,
} from './front.ts';
export {
  checkHaproxyConfig,
  findHaproxy,
  HAPROXY_INSTALL_HINT,
  Haproxy,
  HaproxyConfigError,
  type HaproxyFrontSettings,
  HaproxyMissingError,
} from './haproxy.ts';
export {
  BALANCES,
  type Balance,
  HAPROXY_BACKEND,
  HAPROXY_DEFAULTS,
  type HaproxyServer,
  type HaproxySettings,
  renderHaproxyConfig,
  serverName,
} from './haproxy-config.ts';
export { type HaproxyFront, type HaproxyFrontOptions, startHaproxyFront } from './haproxy-front.ts';
export {
  type RuntimeDeployStep,
  rollingDeployHaproxy,
} from './haproxy-rolling-deploy.ts';
export {
  RuntimeApiError,
  runtimeCommand,
  type ServerState,
  type ServerStats,
  serverStats,
  setServerState,
} from './haproxy-runtime.ts';
export { type HeldConnection, holdThroughFront } from './hold.ts';
export { HOLD_PATH, hostHandler, UPSTREAM_CONNECTION_HEADER } from './host-app.ts';
export {
  HOST_KINDS,
  type Host,
  type HostKind,
  hangHost,
  hostAddress,
  killHostPrimary,
  resumeHost,
  rollHost,
  startHost,
} from './hosts.ts';
export { type KeepAliveDirectives, upstreamKeepAlive } from './keepalive.ts';
export { Family, type Launcher } from './launcher.ts';
export {
  checkConfig,
  type FrontSettings,
  findNginx,
  NGINX_INSTALL_HINT,
  Nginx,
  NginxConfigError,
  NginxMissingError,
} from './nginx.ts';
export {
  NGINX_DEFAULTS,
  type NginxSettings,
  renderNginxConfig,
  type UpstreamServer,
} from './nginx-config.ts';
export { type FrontResult, requestThroughFront, runLoad, startLoad } from './probe.ts';
export { type FrontTally, type HostTally, tallyFront } from './tally.ts';
