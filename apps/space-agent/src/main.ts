import 'reflect-metadata';
import { clockFor, loadServiceConfig } from '@platform/platform-kit';
import { agentEnvironment, toAgentConfig } from './app/agent.config';
import { startSpaceAgent } from './app/start-space-agent';

const { config, extra } = loadServiceConfig('space-agent', agentEnvironment);
// Real time unless a development clock file is configured (npm start, npm run demo).
const clock = clockFor(config.clockFile, (message) =>
  process.stderr.write(`space-agent: ${message}\n`),
);
startSpaceAgent(config, toAgentConfig(extra), { clock }).catch((error: unknown) => {
  process.stderr.write(
    `space-agent: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
