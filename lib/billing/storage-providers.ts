// The providers storage is priced under apart from any driver (per GiB-month): volumes and the image registry. The
// admin's price form offers them even when a catalog has no price for them yet.
import { REGISTRY_PROVIDER } from './meter-registry';
import { VOLUMES_PROVIDER } from './meter-volumes';

export const STORAGE_PROVIDERS = [VOLUMES_PROVIDER, REGISTRY_PROVIDER] as const;
