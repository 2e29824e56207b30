import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminGuard } from './admin.guard';

/** An admin-only controller: the guard and its OpenAPI description in one place. */
export function AdminApi(): ClassDecorator {
  return applyDecorators(
    UseGuards(AdminGuard),
    ApiBasicAuth(),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No or wrong credentials (answered with `WWW-Authenticate: Basic realm="Herald"`).' }),
    ApiForbiddenResponse({ description: 'Authenticated, but not an admin.' }),
  );
}
