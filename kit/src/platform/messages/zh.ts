/** 平台层在某个视图需要 Linux 时说的话。键与 en.ts 一一对应。 */
import type { PlatformMessages } from './en.ts';

const zh: PlatformMessages = {
  views: {
    wakeUps: '每个进程的唤醒次数（自愿上下文切换，/proc/<pid>/status）',
    unixSocketTable: 'Unix 域套接字表（/proc/net/unix）',
    migrateSysctl: 'net.ipv4.tcp_migrate_req 设置（/proc/sys）',
    reusePortGroups: '跨进程的 SO_REUSEPORT 负载均衡（Linux 3.9+）',
  },
  needsLinux: (view: string, forced: boolean) =>
    `· ${view}：需要 Linux${forced ? '（已设置 CFS_PLATFORM=portable）' : ''}；这一步跳过，其余照常进行`,
};

export default zh;
