import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transactions.js';
import { DESK_CHANNEL } from './desk-notice.js';

@Injectable()
export class DeskNoticesRepository {
  constructor(private readonly db: TransactionHost) {}

  /** NOTIFY in the caller's transaction: PostgreSQL delivers it on commit, never after a rollback. */
  async notify(payload: string): Promise<void> {
    await this.db.tx.$executeRaw`SELECT pg_notify(${DESK_CHANNEL}, ${payload})`;
  }
}
