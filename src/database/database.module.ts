import { Module } from '@nestjs/common';
import { ChangeBus } from './change-bus.js';
import { PrismaService } from './prisma.service.js';
import { TransactionHost } from './transactions.js';

/** The Prisma client, the services' unit of work (transactions.ts) and the bus that tells every instance what changed. */
@Module({
  providers: [PrismaService, TransactionHost, ChangeBus],
  exports: [PrismaService, TransactionHost, ChangeBus],
})
export class DatabaseModule {}
