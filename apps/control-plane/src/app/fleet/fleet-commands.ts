import type {
  ChannelName,
  Cloud,
  DayOfWeek,
  FailoverSide,
  MaintenanceWindow,
  Tier,
} from '@platform/gitops';

/**
 * What callers ask of the fleet, in the desired state's own vocabulary (the gRPC layer maps
 * proto enums to these). Every command is checked again here: the domain trusts no caller.
 */
export interface CreatePopCommand {
  name: string;
  cloud: Cloud;
  region: string;
  channel: ChannelName;
}

export interface AddOnsInput {
  pci: boolean;
  geoFailover?: { secondaryPop: string; active?: FailoverSide };
}

export interface CreateSpaceCommand {
  name: string;
  pop: string;
  tier: Tier;
  channel: ChannelName;
  maintenanceWindow: MaintenanceWindow;
  addOns: AddOnsInput;
}

/** A partial update: each field that is set replaces that part of the Space. */
export interface UpdateSpaceCommand {
  name: string;
  tier?: Tier;
  maintenanceWindow?: MaintenanceWindow;
  addOns?: AddOnsInput;
}

export interface FailoverSpaceCommand {
  name: string;
  /** When set, the swap happens only if this side is the active one now. */
  expectedActive?: FailoverSide;
}

export interface NameCommand {
  name: string;
}

export type { DayOfWeek };
