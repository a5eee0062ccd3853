import { Allowlists } from '../domain/allowlists';
import { SignatureIndex } from '../domain/signature-index';

/**
 * This replica's in-memory view of the PoP's database: what Check reads. The feed follower
 * writes it; a full reload builds new structures and swaps them in at once, so a Check never
 * sees a half-loaded snapshot.
 */
export class SignatureState {
  signatures = new SignatureIndex();
  allowlists = new Allowlists();
  /** True once a snapshot has been loaded from Redis. */
  loaded = false;

  swap(signatures: SignatureIndex, allowlists: Allowlists): void {
    this.signatures = signatures;
    this.allowlists = allowlists;
    this.loaded = true;
  }
}
