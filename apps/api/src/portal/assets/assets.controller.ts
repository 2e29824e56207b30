import { Controller, Get, Header, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PORTAL_ASSETS } from './asset-paths';

/** Serves the stylesheet, script and icon; public, because the sign-in page needs them too. */
@ApiExcludeController()
@Controller('portal/assets')
export class PortalAssetsController {
  @Get(':name')
  @Header('X-Content-Type-Options', 'nosniff')
  serve(@Param('name') name: string, @Req() request: Request, @Res() response: Response): void {
    const asset = Object.hasOwn(PORTAL_ASSETS, name) ? PORTAL_ASSETS[name] : undefined;
    if (!asset) throw new NotFoundException(`no portal asset ${name}`);
    response.setHeader('Cache-Control', request.query.v ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    response.setHeader('ETag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) {
      response.status(304).end();
      return;
    }
    response.type(asset.contentType).send(asset.body);
  }
}
