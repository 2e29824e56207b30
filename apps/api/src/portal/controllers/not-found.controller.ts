import { All, Controller, NotFoundException, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard } from '../session/portal-session.guard';

/** Any other /portal address: a portal page saying so (or sign-in first), not the API's JSON 404. Registered last. */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal')
export class PortalNotFoundController {
  @All('*path')
  notFound(): never {
    throw new NotFoundException('There is no portal page at this address.');
  }
}
