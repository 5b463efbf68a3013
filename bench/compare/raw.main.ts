/** Child-process entry of system (c): `node --require child.js raw.main.js`, configured by the environment. */
import { runChild } from './child';
import { startRawServer } from './raw.server';

runChild(startRawServer);
