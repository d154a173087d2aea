import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

/** Failed sign-ins per key and fixed window, in the database so that every instance counts. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly prisma: PrismaService) {}

  async failures(keys: string[], windowStart: Date): Promise<Map<string, number>> {
    const rows = await this.prisma.loginThrottle.findMany({ where: { key: { in: keys }, windowStart }, select: { key: true, failures: true } });
    return new Map(rows.map((row) => [row.key, row.failures]));
  }

  async recordFailure(keys: string[], windowStart: Date): Promise<void> {
    await this.prisma.$transaction([
      ...keys.map((key) =>
        this.prisma.loginThrottle.upsert({
          where: { key_windowStart: { key, windowStart } },
          create: { key, windowStart, failures: 1 },
          update: { failures: { increment: 1 } },
        }),
      ),
      // Old windows are of no use: keep the table small.
      this.prisma.loginThrottle.deleteMany({ where: { windowStart: { lt: new Date(windowStart.getTime() - 24 * 3600_000) } } }),
    ]);
  }
}
