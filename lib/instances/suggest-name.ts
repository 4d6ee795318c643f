// A suggested name for a new instance ("calm-otter-417"), prefilled in the wizard and editable: always a valid
// instance name, varied enough that two suggestions rarely meet. Pure; `random` is injectable for tests.
const ADJECTIVES = ['amber', 'brave', 'calm', 'clever', 'eager', 'gentle', 'happy', 'keen', 'lively', 'lucky', 'mellow', 'nimble', 'proud', 'quiet', 'rapid', 'steady', 'sunny', 'swift', 'tidy', 'witty'];
const NOUNS = ['badger', 'cedar', 'comet', 'falcon', 'fern', 'harbor', 'heron', 'lynx', 'maple', 'meadow', 'otter', 'pebble', 'quartz', 'raven', 'river', 'robin', 'summit', 'thistle', 'willow', 'zephyr'];

export function suggestInstanceName(random: () => number = Math.random): string {
  const pick = (list: string[]) => list[Math.floor(random() * list.length) % list.length]!;
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${100 + (Math.floor(random() * 900) % 900)}`;
}
