import type { Catalog, CatalogModel } from '../catalog/catalog.js';
import { modelNotFound } from '../openai/errors.js';

/** `model` → a servable catalog entry; a retired model is a 404 that names its replacement. */
export function resolveModel(catalog: Catalog, name: string): CatalogModel {
  const model = catalog.resolve(name);
  if (!model) throw modelNotFound(name);
  if (model.status === 'retired') throw modelNotFound(name, model.replacement);
  return model;
}
