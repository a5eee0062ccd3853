import 'reflect-metadata';
import { runGrpcService } from '@platform/platform-kit';
import { PopRelayModule } from './app/pop-relay.module';

runGrpcService('pop-relay', PopRelayModule, []);
