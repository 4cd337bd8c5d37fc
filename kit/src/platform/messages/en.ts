/** What the platform layer says when a view needs Linux. zh.ts has the same keys. */
const en = {
  views: {
    wakeUps: 'wake-ups per process (voluntary context switches, /proc/<pid>/status)',
    unixSocketTable: 'the Unix socket table (/proc/net/unix)',
    migrateSysctl: 'the net.ipv4.tcp_migrate_req setting (/proc/sys)',
    reusePortGroups: 'SO_REUSEPORT load balancing across processes (Linux 3.9+)',
  },
  needsLinux: (view: string, forced: boolean) =>
    `· ${view}: needs Linux${forced ? ' (CFS_PLATFORM=portable is set)' : ''}; skipped, the rest goes on`,
};

export type PlatformMessages = typeof en;
export default en;
