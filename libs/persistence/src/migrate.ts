import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { ormOptions } from './orm-options';

/** Opens the database of `database`, creating the SQLite folder or PostgreSQL schema it needs. */
export async function openDatabase(database: DatabaseConfig): Promise<MikroORM> {
  if (database.dialect === 'sqlite') mkdirSync(dirname(database.file), { recursive: true });
  const orm = await MikroORM.init(ormOptions(database));
  if (database.dialect === 'postgresql' && database.schema) {
    await orm.em.getConnection().execute(`create schema if not exists "${database.schema.replace(/"/g, '')}"`);
  }
  return orm;
}

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
