// @peculiar/x509 resolves its algorithms through tsyringe, which throws at load time unless a
// Reflect metadata polyfill is already in place; every module of this library takes x509 from
// here so the order cannot be got wrong.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto is passed to every @peculiar/x509 call rather than installed as the
// library's global provider, so this library never changes what other code in the process gets.
export { webcrypto } from 'node:crypto';
export { x509 };
