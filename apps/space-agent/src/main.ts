import 'reflect-metadata';
import { loadServiceConfig } from '@platform/platform-kit';
import { agentEnvironment, toAgentConfig } from './app/agent.config';
import { startSpaceAgent } from './app/start-space-agent';

const { config, extra } = loadServiceConfig('space-agent', agentEnvironment);
startSpaceAgent(config, toAgentConfig(extra)).catch((error: unknown) => {
  process.stderr.write(
    `space-agent: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
