/**
 * The kit's words in English: the tour, the workshop commands and the narrators' role names.
 * zh.ts has the same keys (kit/test/message-catalogues.test.ts checks it); a message that
 * needs values is a function of them, so each language can put them where its grammar wants.
 */
const en = {
  roles: {
    primary: 'primary',
    worker: 'worker',
    client: 'client',
    child: 'child',
    parent: 'parent',
    supervisor: 'supervisor',
  },
};

export type KitMessages = typeof en;
export default en;
