import { Module } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';
import { TransactionHost } from './transactions.js';

/** The Prisma client and the services' unit of work (see transactions.ts). */
@Module({
  providers: [PrismaService, TransactionHost],
  exports: [PrismaService, TransactionHost],
})
export class DatabaseModule {}
