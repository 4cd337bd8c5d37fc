import { describe, expect, it } from 'vitest';
import { nodeHas, nodeSince, parseVersion } from '../src/node-lines.ts';

describe('node-lines: which release line has which behaviour', () => {
  it('reusePort starts on 22.12.0 and 23.1.0; 20 never has it; later lines do', () => {
    expect(nodeHas('reusePort', '20.20.2')).toBe(false);
    expect(nodeHas('reusePort', '22.11.0')).toBe(false);
    expect(nodeHas('reusePort', '22.12.0')).toBe(true);
    expect(nodeHas('reusePort', '23.0.0')).toBe(false);
    expect(nodeHas('reusePort', '23.1.0')).toBe(true);
    expect(nodeHas('reusePort', '24.0.0')).toBe(true);
    expect(nodeHas('reusePort', 'v26.12.1')).toBe(true);
  });

  it('the SCHED_NONE re-listen bug: one first release per line, each line judged on its own', () => {
    expect(nodeHas('noneRelistenBug', '20.20.2')).toBe(false);
    expect(nodeHas('noneRelistenBug', '22.22.0')).toBe(false);
    expect(nodeHas('noneRelistenBug', '22.22.1')).toBe(true);
    expect(nodeHas('noneRelistenBug', '23.11.0')).toBe(false); // 23.x got no backport
    expect(nodeHas('noneRelistenBug', '24.13.0')).toBe(false);
    expect(nodeHas('noneRelistenBug', '24.13.1')).toBe(true);
    expect(nodeHas('noneRelistenBug', '25.4.0')).toBe(false);
    expect(nodeHas('noneRelistenBug', '25.5.0')).toBe(true);
    expect(nodeHas('noneRelistenBug', '26.0.0')).toBe(true);
    expect(nodeHas('fixedPortKeyWithoutIndex', '24.13.1')).toBe(true);
  });

  it('a TCP handle moves to a worker thread on the 24.x and 26.x releases checked, never on 20, 22 or 25', () => {
    expect(nodeHas('transferTcpHandle', '20.20.2')).toBe(false);
    expect(nodeHas('transferTcpHandle', '22.23.5')).toBe(false);
    expect(nodeHas('transferTcpHandle', '24.22.3')).toBe(true);
    expect(nodeHas('transferTcpHandle', '25.9.0')).toBe(false);
    expect(nodeHas('transferTcpHandle', '26.12.1')).toBe(true);
  });

  it('says where a behaviour starts in words, and rejects what is not a version', () => {
    expect(nodeSince('reusePort')).toBe('22.12.0 on 22.x, 23.1.0 on 23.x and every later line');
    expect(() => parseVersion('lts')).toThrow(/not a Node version/);
  });
});
