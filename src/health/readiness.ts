import { Injectable } from '@nestjs/common';

/** Whether this instance is shutting down: readiness fails first, so a load balancer stops sending before requests are refused. */
@Injectable()
export class Readiness {
  draining = false;
}
