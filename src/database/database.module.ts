import { Module } from '@nestjs/common';
import { ChangeBus } from './change-bus.js';
import { PrismaService } from './prisma.service.js';
import { ReplicaSet } from './replica-set.js';
import { TransactionHost } from './transactions.js';

/** The Prisma client, the services' unit of work (transactions.ts) and the bus that tells every instance what changed. */
@Module({
  providers: [PrismaService, TransactionHost, ChangeBus, ReplicaSet],
  exports: [PrismaService, TransactionHost, ChangeBus, ReplicaSet],
})
export class DatabaseModule {}
