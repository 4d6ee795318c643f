// The function runtime image: Node.js FROM scratch (this machine's node binary and its libraries, as the catalogue's
// node image) with the bootstrap. Built by scripts/build-images.ts with the catalogue's images, but not offered in
// the instance wizard: only the functions pool runs it.
import type { ImageDefinition } from '@/lib/providers/docker/images';
import { BOOTSTRAP_JS, BOOTSTRAP_PATH, BOOTSTRAP_PORT } from './bootstrap';

export const FUNCTION_RUNTIME_IMAGE: ImageDefinition = {
  id: 'function-runtime-node',
  name: 'fn-node',
  ref: 'overcast/fn-node:20',
  description: 'Node.js 20 function runtime (bootstrap that loads one function version and serves its invocations)',
  defaultPorts: [BOOTSTRAP_PORT],
  readOnlyRoot: true,
  node: true,
  files: { [BOOTSTRAP_PATH.slice(1)]: BOOTSTRAP_JS },
  dockerfile:
    'FROM scratch\nCOPY rootfs/ /\nUSER 10001\nENV PATH=/usr/local/bin:/usr/bin:/bin NODE_ENV=production\n' +
    `EXPOSE ${BOOTSTRAP_PORT}\nCMD ["node", "${BOOTSTRAP_PATH}"]\n`,
};
