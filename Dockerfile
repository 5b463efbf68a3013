# The GraphQL service. Neo4j runs beside it (docker-compose.yml), so this image needs no Java and no Maven.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Runtime files the service and its seed command read from the repository.
COPY config ./config
COPY seeds ./seeds
USER node
ENV PORT=4000 HOST=0.0.0.0
EXPOSE 4000
CMD ["node", "dist/main.js"]
