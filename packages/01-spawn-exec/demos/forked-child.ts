// The child of the fork step: says hello over the channel, answers one question, leaves.
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

// The parent's language reaches this process through CFS_LANG.
const m = inLanguage({ en, zh }).child;
const say = narrator('child');
say(m.started(process.ppid, typeof process.send));
process.once('message', (question: { ask: string }) => {
  say(m.parentAsked(JSON.stringify(question)));
  process.send?.({ answer: 42, from: process.pid }, () => {
    say(m.answered);
    process.disconnect();
  });
});
process.send?.({ hello: 'from the child' });
