import { version } from '../../../package.json';

/** The app's version, from package.json. */
export const APP_VERSION: string = version;

/** An id of the build: set with VITE_BUILD_ID when building (the update test tells builds apart by it). */
export const BUILD_ID: string = import.meta.env.VITE_BUILD_ID ?? 'dev';
