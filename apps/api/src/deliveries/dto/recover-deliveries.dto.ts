import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class RecoverDeliveriesDto {
  @ApiProperty({ format: 'date-time', description: 'Redeliver the events whose deliveries failed from this time on (ISO 8601).', example: '2026-11-28T21:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'since must be an ISO 8601 time such as 2026-11-28T21:00:00Z' })
  since!: string;
}
