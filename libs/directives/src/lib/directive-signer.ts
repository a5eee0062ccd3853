import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { directiveV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { signingKeyId } from '@platform/pki';
import { validateDirectiveBody } from './validate-directive-body';

/** Central's directive signing key: an Ed25519 private key (PKCS#8 PEM) and its id. */
export interface DirectiveSigningKey {
  /** Derived by {@link signingKeyId} from the public half, e.g. `ed25519:0123456789abcdef`. */
  keyId: string;
  privateKeyPem: string;
}

/**
 * Signs directives on Central's side: encodes a {@link directiveV1alpha1.DirectiveBody} as
 * protobuf and signs those exact bytes with Ed25519, so agents can verify what a relay forwards.
 */
export class DirectiveSigner {
  /** Id of the signing key, carried in every {@link directiveV1alpha1.SignedDirective}. */
  readonly keyId: string;
  private readonly privateKey: KeyObject;

  /**
   * @throws InvalidArgumentError naming `privateKeyPem` unless it is an Ed25519 private key, or
   *   `keyId` when the id is not the one derived from that key (a mislabelled key would make
   *   every directive fail verification on every agent).
   */
  constructor(key: DirectiveSigningKey) {
    this.privateKey = ed25519PrivateKey(key.privateKeyPem);
    const publicKeyPem = createPublicKey(this.privateKey)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const actualKeyId = signingKeyId(publicKeyPem);
    if (key.keyId !== actualKeyId) {
      throw new InvalidArgumentError(
        'keyId',
        `${JSON.stringify(key.keyId)} does not name this private key, whose id is ${actualKeyId}`,
      );
    }
    this.keyId = actualKeyId;
  }

  /**
   * Validates `body` (see {@link validateDirectiveBody}), encodes it and signs the encoding.
   *
   * @throws InvalidArgumentError naming the first invalid field (proto path, e.g. `scale.tier`).
   */
  sign(body: directiveV1alpha1.DirectiveBody): directiveV1alpha1.SignedDirective {
    const [first, ...more] = validateDirectiveBody(body);
    if (first !== undefined) {
      const others = more.length === 0 ? '' : ` (and ${more.length} more problem(s))`;
      throw new InvalidArgumentError(first.field, `${first.message}${others}`);
    }
    const payload = directiveV1alpha1.DirectiveBody.encode(body).finish();
    const signature = sign(null, payload, this.privateKey);
    return { payload, signature: new Uint8Array(signature), keyId: this.keyId };
  }
}

function ed25519PrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    // The parser's message is not repeated: it could quote part of the key.
    throw new InvalidArgumentError('privateKeyPem', 'not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidArgumentError(
      'privateKeyPem',
      `it is a ${key.asymmetricKeyType} key, not Ed25519`,
    );
  }
  return key;
}
