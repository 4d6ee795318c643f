// The local container image catalogue: what scripts/build-images.ts builds and what is offered in the wizard.
// Images are FROM scratch, assembled from this machine's own busybox-static and Node.js binaries.

export type ImageDefinition = {
  /** Catalogue id (Image.id) and short name. */
  id: string;
  name: string;
  ref: string;
  description: string;
  defaultPorts: number[];
  readOnlyRoot: boolean;
  busybox?: string[];
  node?: boolean;
  files?: Record<string, string>;
  dockerfile: string;
};

const HELLO_JS = `// Default program of the Node.js image: answers every request with a small JSON document.
const http = require('node:http');
const os = require('node:os');
const port = Number(process.env.PORT || 8080);
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ hello: 'from Overcast', hostname: os.hostname(), path: req.url }) + '\\n');
}).listen(port, () => console.log('listening on ' + port));
`;

export const IMAGE_DEFINITIONS: ImageDefinition[] = [
  {
    id: 'docker-static-web',
    name: 'static-web',
    ref: 'overcast/static-web:1',
    description: 'Static web server (busybox httpd) serving /www on port 8080',
    defaultPorts: [8080],
    readOnlyRoot: true,
    busybox: ['sh', 'httpd', 'ls', 'cat', 'echo', 'ps', 'wget'],
    files: {
      'www/index.html':
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Overcast</title></head>' +
        '<body><h1>Hello from an Overcast container</h1></body></html>\n',
    },
    dockerfile: 'FROM scratch\nCOPY rootfs/ /\nUSER 10001\nEXPOSE 8080\nCMD ["/bin/busybox", "httpd", "-f", "-v", "-p", "8080", "-h", "/www"]\n',
  },
  {
    id: 'docker-node',
    name: 'node',
    ref: 'overcast/node:20',
    description: 'Node.js 20 runtime; by default a small HTTP server on port 8080',
    defaultPorts: [8080],
    readOnlyRoot: true,
    node: true,
    files: { 'srv/hello.js': HELLO_JS },
    dockerfile: 'FROM scratch\nCOPY rootfs/ /\nUSER 10001\nENV PATH=/usr/local/bin:/usr/bin:/bin\nEXPOSE 8080\nCMD ["node", "/srv/hello.js"]\n',
  },
  {
    id: 'docker-shell',
    name: 'shell',
    ref: 'overcast/shell:1',
    description: 'A shell with the busybox utilities, for experiments (idles until you run something)',
    defaultPorts: [],
    readOnlyRoot: true,
    busybox: [],
    dockerfile:
      'FROM scratch\nCOPY rootfs/ /\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nUSER 10001\nENV PATH=/bin\n' +
      'CMD ["/bin/sh", "-c", "echo shell ready; while :; do sleep 3600; done"]\n',
  },
];

/** The (inactive) catalogue row of containers that run a tenant's own image reference (lib/instances/image-ref.ts). */
export const OWN_IMAGE_ID = 'docker-own-image';

/** Container flavors offered by default (seeded once; admins edit them later). */
export const DEFAULT_CONTAINER_FLAVORS = [
  { id: 'docker-nano', name: 'c1.nano', description: '¼ vCPU, 128 MiB', cpuMillis: 250, memoryMib: 128, pidsLimit: 128, sortOrder: 1 },
  { id: 'docker-small', name: 'c1.small', description: '½ vCPU, 256 MiB', cpuMillis: 500, memoryMib: 256, pidsLimit: 256, sortOrder: 2 },
  { id: 'docker-medium', name: 'c1.medium', description: '1 vCPU, 512 MiB', cpuMillis: 1000, memoryMib: 512, pidsLimit: 512, sortOrder: 3 },
  { id: 'docker-large', name: 'c1.large', description: '2 vCPUs, 1 GiB', cpuMillis: 2000, memoryMib: 1024, pidsLimit: 1024, sortOrder: 4 },
];
