/// <reference types="vite/client" />

// The variables the build may set (scripts and tests build with VITE_BUILD_ID to tell builds apart).
interface ImportMetaEnv {
  readonly VITE_BUILD_ID?: string;
}
