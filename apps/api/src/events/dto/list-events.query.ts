import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_TYPES, type EventType } from '@herald/contracts';

export class ListEventsQuery {
  @ApiPropertyOptional({ example: 'libs-release', description: 'Only events of this repository.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  repository?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, example: 'file.uploaded', description: 'Only events of this type.' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ example: 'evt_01jdz3k8q6w2x9v4b7n5m1c0ae', description: 'The `nextCursor` of the previous page: events older than this one.' })
  @IsOptional()
  @Matches(/^evt_[0-9a-z]{26}$/, { message: 'before must be an event id' })
  before?: string;
}
