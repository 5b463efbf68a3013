/** Child-process entry of system (b): `node --require child.js peer.main.js`, configured by the environment. */
import { runChild } from './child';
import { startPeerServer } from './peer.server';

runChild(startPeerServer);
