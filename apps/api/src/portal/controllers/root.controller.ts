import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** `http://herald/`: a person who types the address lands on the portal, not on a JSON 404. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Redirect('/portal', 302)
  root(): void {}
}
