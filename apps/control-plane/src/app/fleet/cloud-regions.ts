import type { Cloud } from '@platform/gitops';

/**
 * The regions a PoP may be created in, per cloud, and whether the platform's PCI DSS
 * attestation covers our footprint there. A region is added here (in a reviewed change) once
 * the platform runs there; a typo in `region` then fails at once instead of creating a PoP
 * that no cluster will ever serve.
 */
const REGIONS: Readonly<Record<Cloud, Readonly<Record<string, { pci: boolean }>>>> = {
  aws: {
    'us-east-1': { pci: true },
    'us-east-2': { pci: true },
    'us-west-2': { pci: true },
    'ca-central-1': { pci: false },
    'eu-west-1': { pci: true },
    'eu-central-1': { pci: true },
    'eu-north-1': { pci: false },
    'ap-southeast-1': { pci: true },
    'ap-southeast-2': { pci: false },
    'ap-northeast-1': { pci: true },
    'sa-east-1': { pci: false },
  },
  azure: {
    eastus: { pci: true },
    westus2: { pci: false },
    westeurope: { pci: true },
    northeurope: { pci: false },
    uksouth: { pci: true },
    australiaeast: { pci: false },
  },
  gcp: {
    'us-central1': { pci: true },
    'us-east1': { pci: false },
    'europe-west1': { pci: true },
    'europe-west3': { pci: false },
    'asia-northeast1': { pci: false },
  },
};

/** The known regions of `cloud`, sorted. */
export function regionsOf(cloud: Cloud): string[] {
  return Object.keys(REGIONS[cloud]).sort();
}

export function isKnownRegion(cloud: Cloud, region: string): boolean {
  return Object.hasOwn(REGIONS[cloud], region);
}

/** Whether PCI Spaces may run in this region (unknown regions never may). */
export function regionCarriesPci(cloud: Cloud, region: string): boolean {
  return isKnownRegion(cloud, region) && REGIONS[cloud][region].pci;
}
