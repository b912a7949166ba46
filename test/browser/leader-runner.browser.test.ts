import { leaderRunnerContract } from '../contracts/leader-runner.contract';
import { freshDexiePersistence } from '../fixtures/persistences';

leaderRunnerContract('Web Locks in Chromium', freshDexiePersistence, () => navigator.locks);
