/** 工具包的中文用语：导览、练习命令和旁白里的角色名。键与 en.ts 一一对应。 */
import type { KitMessages } from './en.ts';

const zh: KitMessages = {
  roles: {
    primary: '主进程',
    worker: '工作进程',
    client: '客户端',
    child: '子进程',
    parent: '父进程',
    supervisor: '监督者',
  },
};

export default zh;
