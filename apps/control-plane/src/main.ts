import 'reflect-metadata';
import { runGrpcService } from '@platform/platform-kit';
import { ControlPlaneModule } from './app/control-plane.module';

runGrpcService('control-plane', ControlPlaneModule, []);
