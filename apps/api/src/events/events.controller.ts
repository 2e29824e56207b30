import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { AdminApi } from '../auth/admin-api.decorator';
import { FileEventListResponse } from './dto/file-event.response';
import { ListEventsQuery } from './dto/list-events.query';
import { presentFileEvent } from './file-event.presenter';
import { ListEventsUseCase } from './usecases/list-events.usecase';

const DEFAULT_LIMIT = 50;

@ApiTags('events')
@AdminApi()
@Controller('api/v1/events')
export class EventsController {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly listEvents: ListEventsUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Recent events, newest first' })
  @ApiOkResponse({ type: FileEventListResponse })
  @ApiBadRequestResponse({ description: 'Unknown type, or limit outside 1 to 500.' })
  async list(@Query() query: ListEventsQuery): Promise<FileEventListResponse> {
    const page = await this.listEvents.execute({ ...query, limit: query.limit ?? DEFAULT_LIMIT });
    return { items: page.events.map((event) => presentFileEvent(event, this.config.publicUrl)), nextCursor: page.nextCursor };
  }
}
