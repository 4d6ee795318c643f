// A small Node.js HTTP app for Overcast's build example: no dependencies, listens on $PORT (8080 by default).
const http = require('node:http');
const os = require('node:os');

const port = Number(process.env.PORT || 8080);
const started = new Date().toISOString();

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('ok\n');
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ app: 'node-app', message: process.env.GREETING || 'Hello from a built image', host: os.hostname(), started, path: req.url }) + '\n');
});

server.listen(port, () => console.log(`node-app listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
