import type { Tier } from '../model/desired-state';

/** How big each component of a Space runs, by tier. */
export interface TierSizing {
  /** Replicas of each component, and the autoscaler's floor. */
  replicas: number;
  /** The autoscaler's ceiling. */
  maxReplicas: number;
  /** CPU request per replica (a Kubernetes quantity). */
  cpu: string;
  /** Memory request and limit per replica (a Kubernetes quantity). */
  memory: string;
}

/**
 * The one place tier sizes are defined; tiers are sold by throughput, so each step roughly
 * quadruples capacity (twice the replicas, twice the size of each).
 */
export const TIER_SIZING: Readonly<Record<Tier, TierSizing>> = {
  basic: { replicas: 1, maxReplicas: 3, cpu: '250m', memory: '512Mi' },
  performance: { replicas: 2, maxReplicas: 6, cpu: '1', memory: '2Gi' },
  'performance-plus': { replicas: 3, maxReplicas: 12, cpu: '2', memory: '4Gi' },
};

/** The CPU utilisation (percent of the request) the autoscaler aims for. */
export const TARGET_CPU_UTILIZATION = 70;
