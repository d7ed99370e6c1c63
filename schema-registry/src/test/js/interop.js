// Drives @kafkajs/confluent-schema-registry against the VGF registry for RegistryInteropIT.
//   node interop.js encode <registryUrl> <subject> <schema.avsc> <payload.json>  -> prints {"id":..,"hex":..}
//   node interop.js decode <registryUrl> <hex>                                   -> prints the record as JSON
'use strict';
const fs = require('fs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

async function main() {
  const [mode, url, ...rest] = process.argv.slice(2);
  const registry = new SchemaRegistry({ host: url });
  if (mode === 'encode') {
    const [subject, schemaFile, payloadFile] = rest;
    const schema = fs.readFileSync(schemaFile, 'utf8');
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject });
    const payload = JSON.parse(fs.readFileSync(payloadFile, 'utf8'));
    const encoded = await registry.encode(id, payload);
    process.stdout.write(JSON.stringify({ id, hex: encoded.toString('hex') }) + '\n');
  } else if (mode === 'decode') {
    const decoded = await registry.decode(Buffer.from(rest[0], 'hex'));
    process.stdout.write(JSON.stringify(decoded) + '\n');
  } else {
    throw new Error('unknown mode ' + mode);
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(1);
});
