// The child of the fork step: says hello over the channel, answers one question, leaves.
import { narrator } from '@cluster-from-scratch/kit/narrate';

const say = narrator('child');
say(`started by fork; my parent is ${process.ppid}; process.send is ${typeof process.send}`);
process.once('message', (question: { ask: string }) => {
  say(`parent asked: ${JSON.stringify(question)}`);
  process.send?.({ answer: 42, from: process.pid }, () => {
    say('answered; closing my end of the channel, so I can exit');
    process.disconnect();
  });
});
process.send?.({ hello: 'from the child' });
