// The code a new function starts with: a working handler that shows the request and response shapes.
export const EXAMPLE_CODE = `// A function receives { method, path, query, headers, body } and returns { status, headers, body }.
// A body that is not a string is sent as JSON. console.log output appears in the function's logs.
export default async function (req) {
  const name = req.query.name ?? 'world';
  console.log(\`\${req.method} \${req.path} for \${name}\`);
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: { message: \`Hello, \${name}!\`, method: req.method },
  };
}
`;
